import { runService } from '@garrison/kit';
import { usersService } from './service.js';

await runService(usersService);
