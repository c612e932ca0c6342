/** Workspaces, the unit of tenancy, and the first one a new installation gets. */
package io.callstream.api.workspace;
