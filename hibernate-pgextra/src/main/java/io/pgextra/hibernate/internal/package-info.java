/**
 * Implementation. Not API: nothing here is exposed by the public types, and anything may change in any release.
 */
package io.pgextra.hibernate.internal;
