package io.pgextra.hibernate.test.signals.notify;

import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** A UUID key. */
@Entity
public class Ticket {
	@Id
	public UUID id;

	public String title;

	public Ticket() {
	}

	public Ticket(UUID id, String title) {
		this.id = id;
		this.title = title;
	}
}
