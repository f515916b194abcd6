import { runService } from '@garrison/kit';
import { authService } from './service.js';

await runService(authService);
