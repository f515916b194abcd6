-- GET /api/battles?user= also lists the battles a user asked for (practice between built-in bots).
CREATE INDEX battles_created_by ON battles (created_by, seq) WHERE created_by IS NOT NULL;
