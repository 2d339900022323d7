package dev.vigil.scenario.smb;

/** A connected share: the id the server gave it, its UNC path, and whether it is IPC$ (named pipes). */
public record SmbTree(long treeId, String path, boolean pipe) {}
