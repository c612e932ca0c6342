/**
 * Key administration of a workspace: rotating its data keys, re-encrypting what PostgreSQL holds
 * under the new primary key, and its own LLM provider key (bring your own key), stored under the
 * separate integration keyring and never returned. Every action needs its permission, runs in the
 * workspace's scope and is audited without key material.
 */
@NullMarked
package io.callstream.query.admin.crypto;

import org.jspecify.annotations.NullMarked;
