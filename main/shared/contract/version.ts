// The contract's version: the Electron bridge, the WebSocket hello and the snapshot carry it, so a window
// built for another version of the contract can tell instead of misreading what it gets.
export const CONTRACT_VERSION = 1;
