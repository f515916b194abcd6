import { runService } from '@garrison/kit';
import { matchmakingService } from './service.js';

runService(matchmakingService);
