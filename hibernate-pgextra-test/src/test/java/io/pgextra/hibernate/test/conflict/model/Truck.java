package io.pgextra.hibernate.test.conflict.model;

import jakarta.persistence.Entity;

@Entity
public class Truck extends Vehicle {
	public Integer axles;
}
