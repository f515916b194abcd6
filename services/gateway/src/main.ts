import { runService } from '@garrison/kit';
import { gatewayService } from './service.js';

runService(gatewayService);
