import { z } from 'zod';

// Init scripts run exempt from the page's CSP, so zod would find `new Function` allowed there and compile its
// parsers later, when the CSP (no 'unsafe-eval') forbids it. Imported first: zod decides when a schema is made.
z.config({ jitless: true });
