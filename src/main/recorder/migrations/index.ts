import m001 from './001-initial';
import m002 from './002-library-and-owner';
import m003 from './003-app-state';
import m004 from './004-jvm-zone';
import m005 from './005-target-routes';
import m006 from './006-search-index';
import m007 from './007-groups-and-fleets';
import m008 from './008-libraries-and-run-by';

/** Migration N brings a database from user_version N-1 to N. Append only. */
export const MIGRATIONS: readonly string[] = [m001, m002, m003, m004, m005, m006, m007, m008];
