/**
 * Row signals: {@code create}, {@code update} and {@code delete} notifications for every affected row, bulk
 * statements included. Start at {@link io.pgextra.hibernate.signals.Signals}.
 *
 * @since 0.1.0
 */
package io.pgextra.hibernate.signals;
