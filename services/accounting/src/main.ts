import { runService } from '@garrison/kit';
import { accountingService } from './service.js';

runService(accountingService);
