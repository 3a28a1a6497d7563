package io.pgextra.hibernate.test.signals.model;

import jakarta.persistence.Entity;

@Entity
public class Dog extends Animal {
	public Dog() {
	}

	public Dog(String name) {
		super( name );
	}
}
