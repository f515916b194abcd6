import { runService } from '@garrison/kit';
import { battlesService } from './service.js';

runService(battlesService);
