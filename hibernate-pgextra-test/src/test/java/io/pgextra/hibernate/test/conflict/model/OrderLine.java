package io.pgextra.hibernate.test.conflict.model;

import java.io.Serializable;
import java.util.Objects;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;

/** A composite identifier with {@code @IdClass}. */
@Entity
@IdClass(OrderLine.Key.class)
public class OrderLine {
	@Id
	public Long orderId;

	@Id
	public Integer line;

	public Integer qty;

	public static class Key implements Serializable {
		public Long orderId;
		public Integer line;

		public Key() {
		}

		public Key(Long orderId, Integer line) {
			this.orderId = orderId;
			this.line = line;
		}

		@Override
		public boolean equals(Object o) {
			return o instanceof Key k && Objects.equals( orderId, k.orderId ) && Objects.equals( line, k.line );
		}

		@Override
		public int hashCode() {
			return Objects.hash( orderId, line );
		}
	}
}
