-- Game rules version of a challenge's or room's battle (ADR 230); rows from before it are rules v1.
ALTER TABLE challenges ADD COLUMN rules_version int NOT NULL DEFAULT 1;
ALTER TABLE rooms ADD COLUMN rules_version int NOT NULL DEFAULT 1;
