import { Logger } from '@nestjs/common';

// Tests start many apps and migrate many databases: Nest's default logger
// would print every start-up and migration line. Warnings and errors still
// show; a test that reads the log passes a logger of its own.
Logger.overrideLogger(['warn', 'error', 'fatal']);
