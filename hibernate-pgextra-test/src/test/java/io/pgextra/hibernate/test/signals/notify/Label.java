package io.pgextra.hibernate.test.signals.notify;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** A string key, which may hold any character: quotes, commas, brackets, newlines, non-ASCII. */
@Entity
public class Label {
	@Id
	@Column(length = 10_000)
	public String code;

	public int uses;

	public Label() {
	}

	public Label(String code) {
		this.code = code;
	}
}
