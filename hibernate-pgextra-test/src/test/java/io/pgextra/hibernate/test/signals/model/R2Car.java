package io.pgextra.hibernate.test.signals.model;

import jakarta.persistence.Entity;

@Entity
public class R2Car extends R2Vehicle {
	public int doors;

	public R2Car() {
	}

	public R2Car(Long id, String plate, int doors) {
		super( id, plate );
		this.doors = doors;
	}
}
