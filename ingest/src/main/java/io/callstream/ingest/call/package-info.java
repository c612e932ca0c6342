/** Creating calls. */
package io.callstream.ingest.call;
