/** What the ingest and query-api services share: authentication, problems, workspaces. */
package io.callstream.api;
