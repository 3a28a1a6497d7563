/**
 * Implementation of the Spring Boot integration. Not API: anything here may change in any release.
 */
package io.pgextra.hibernate.spring.internal;
