package io.pgextra.hibernate.test.signals.model;

import java.io.Serializable;

import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;

/** A composite primary key: bulk statements select and lock its rows, then run Hibernate's statement. */
@Entity
public class Membership {

	@Embeddable
	public record Key(long groupId, long userId) implements Serializable {
	}

	@EmbeddedId
	public Key key;

	public String role;

	public Membership() {
	}

	public Membership(long groupId, long userId, String role) {
		this.key = new Key( groupId, userId );
		this.role = role;
	}
}
