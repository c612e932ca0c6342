package io.callstream.query.admin.crypto;

/**
 * The answer to a rotation: the id of the workspace's new primary key (the key id in the prefix of
 * every ciphertext made from now on). Never key material.
 *
 * @param workspaceId the workspace whose keys rotated
 * @param keyId the new primary key's id
 */
public record RotatedKey(String workspaceId, int keyId) {}
