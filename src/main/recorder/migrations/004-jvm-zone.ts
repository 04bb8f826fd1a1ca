// The recorded JVM's zone (minutes east of UTC), inferred from the times it sent: 4.x sends local
// date-time text without an offset, and server_time is computed with it.
export default `
ALTER TABLE sessions ADD COLUMN jvm_utc_offset_min INTEGER;
`;
