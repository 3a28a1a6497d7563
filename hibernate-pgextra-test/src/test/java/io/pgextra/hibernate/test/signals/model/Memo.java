package io.pgextra.hibernate.test.signals.model;

import jakarta.persistence.Entity;

@Entity
public class Memo extends Document {
	public String author;

	public Memo() {
	}

	public Memo(Long id, String title, String author) {
		super( id, title );
		this.author = author;
	}
}
