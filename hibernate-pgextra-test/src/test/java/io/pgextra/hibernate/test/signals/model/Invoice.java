package io.pgextra.hibernate.test.signals.model;

import jakarta.persistence.Entity;

@Entity
public class Invoice extends Document {
	public int amount;

	public Invoice() {
	}

	public Invoice(Long id, String title, int amount) {
		super( id, title );
		this.amount = amount;
	}
}
