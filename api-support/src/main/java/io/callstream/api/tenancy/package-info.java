/** The workspace scope every database access runs in (row-level security's setting). */
package io.callstream.api.tenancy;
