/**
 * What the people in a workspace's calls are owed: deletion of a call ({@code deletion}), deletion
 * when the plan's retention runs out ({@code retention}), a copy of everything ({@code export}),
 * erasure of the whole workspace with its keys ({@code erasure}) and correction of what is stored
 * ({@code rectification}). Every change runs in the workspace's scope and is audited.
 */
@NullMarked
package io.callstream.query.privacy;

import org.jspecify.annotations.NullMarked;
