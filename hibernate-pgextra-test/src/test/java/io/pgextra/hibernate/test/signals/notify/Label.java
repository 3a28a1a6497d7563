package io.pgextra.hibernate.test.signals.notify;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** A string key, which may hold any character: quotes, commas, brackets, newlines, non-ASCII. */
@Entity
public class Label {
	@Id
	public String code;

	public int uses;

	public Label() {
	}

	public Label(String code) {
		this.code = code;
	}
}
