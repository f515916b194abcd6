import { runService } from '@garrison/kit';
import { analyticsService } from './service.js';

runService(analyticsService);
