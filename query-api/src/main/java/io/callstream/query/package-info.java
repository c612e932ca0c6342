/** The query API service. */
package io.callstream.query;
