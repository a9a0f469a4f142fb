package enginetest

// rollConcurrencySupported says the program knows the rollConcurrency setting.
const rollConcurrencySupported = true
