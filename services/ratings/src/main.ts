import { runService } from '@garrison/kit';
import { ratingsService } from './service.js';

runService(ratingsService);
