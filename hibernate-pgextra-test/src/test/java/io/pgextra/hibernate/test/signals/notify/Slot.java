package io.pgextra.hibernate.test.signals.notify;

import java.io.Serializable;
import java.util.Objects;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;

/** A composite key declared with {@code @IdClass}. */
@Entity
@IdClass(Slot.Key.class)
public class Slot {

	public static class Key implements Serializable {
		public String zone;
		public int position;

		public Key() {
		}

		public Key(String zone, int position) {
			this.zone = zone;
			this.position = position;
		}

		@Override
		public boolean equals(Object o) {
			return o instanceof Key k && k.zone.equals( zone ) && k.position == position;
		}

		@Override
		public int hashCode() {
			return Objects.hash( zone, position );
		}

		@Override
		public String toString() {
			return zone + "/" + position;
		}
	}

	@Id
	public String zone;

	@Id
	public int position;

	public Slot() {
	}

	public Slot(String zone, int position) {
		this.zone = zone;
		this.position = position;
	}
}
