package io.pgextra.hibernate.test.signals.model;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Inheritance;
import jakarta.persistence.InheritanceType;

/** JOINED inheritance with assigned keys. */
@Entity
@Inheritance(strategy = InheritanceType.JOINED)
public class R2Vehicle {
	@Id
	public Long id;
	public String plate;

	public R2Vehicle() {
	}

	public R2Vehicle(Long id, String plate) {
		this.id = id;
		this.plate = plate;
	}
}
