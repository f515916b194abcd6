import { runService } from '@garrison/kit';
import { notificationsService } from './service.js';

runService(notificationsService);
