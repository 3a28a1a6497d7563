package io.pgextra.hibernate.test.signals.notify;

import java.io.Serializable;
import java.time.LocalDate;

import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;

/** A composite key of a string, a number and a date. */
@Entity
public class Seat {

	@Embeddable
	public record Key(String hall, int number, LocalDate day) implements Serializable {
	}

	@EmbeddedId
	public Key key;

	public String holder;

	public Seat() {
	}

	public Seat(Key key, String holder) {
		this.key = key;
		this.holder = holder;
	}
}
