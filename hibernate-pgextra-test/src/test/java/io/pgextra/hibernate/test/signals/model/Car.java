package io.pgextra.hibernate.test.signals.model;

import jakarta.persistence.Entity;

@Entity
public class Car extends Vehicle {
	public int doors;

	public Car() {
	}

	public Car(Long id, String plate, int doors) {
		super( id, plate );
		this.doors = doors;
	}
}
