import { runService } from '@garrison/kit';
import { tasksService } from './service.js';

runService(tasksService);
