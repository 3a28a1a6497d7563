package io.pgextra.hibernate.test.signals.model;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Inheritance;
import jakarta.persistence.InheritanceType;

/** {@code JOINED} inheritance: a {@link Car} is a row in {@code vehicle} and one in {@code car}. */
@Entity
@Inheritance(strategy = InheritanceType.JOINED)
public class Vehicle {
	@Id
	public Long id;

	public String plate;

	public int mileage;

	public Vehicle() {
	}

	public Vehicle(Long id, String plate) {
		this.id = id;
		this.plate = plate;
	}
}
