/** The audit log of administrative actions: append-only, hash-chained per workspace. */
package io.callstream.api.audit;
