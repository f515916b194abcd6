import { runService } from '@garrison/kit';
import { botsService } from './service.js';

runService(botsService);
