import { runService } from '@garrison/kit';
import { tournamentsService } from './service.js';

runService(tournamentsService);
