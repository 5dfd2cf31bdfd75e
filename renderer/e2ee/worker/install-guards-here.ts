import { installGuards } from './install-guards';

installGuards(globalThis);
