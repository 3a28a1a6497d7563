package io.pgextra.hibernate.test.signals.model;

import jakarta.persistence.Entity;

@Entity
public class Cat extends Animal {
	public Cat() {
	}

	public Cat(String name) {
		super( name );
	}
}
