/**
 * Isolation and hostile-input tests over the running query API: broken object level authorization
 * on every documented operation, and malformed, forged and oversized requests.
 */
@NullMarked
package io.callstream.query.isolation;

import org.jspecify.annotations.NullMarked;
