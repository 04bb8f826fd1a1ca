// How a target is reached (JSON: direct when NULL, {kind:'ssh',…} or {kind:'command',…}).
export default `
ALTER TABLE targets ADD COLUMN route TEXT;
`;
