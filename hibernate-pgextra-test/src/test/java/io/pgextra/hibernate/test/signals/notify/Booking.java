package io.pgextra.hibernate.test.signals.notify;

import java.io.Serializable;

import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.ManyToOne;

/** A key with an association in it ("key-many-to-one"): it cannot travel in a notification. */
@Entity
public class Booking {

	@Embeddable
	public static class Key implements Serializable {
		@ManyToOne
		public Ticket ticket;

		public int line;

		// an id class overrides equals and hashCode (Hibernate warns HHH000038 otherwise)
		@Override
		public boolean equals(Object o) {
			return o instanceof Key k && k.line == line && java.util.Objects.equals( k.ticket, ticket );
		}

		@Override
		public int hashCode() {
			return java.util.Objects.hash( ticket, line );
		}
	}

	@EmbeddedId
	public Key key;
}
