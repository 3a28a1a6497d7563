package io.pgextra.hibernate.test.signals.model;

import jakarta.persistence.Entity;

@Entity
public class R2Circle extends R2Shape {
	public int radius;

	public R2Circle() {
	}

	public R2Circle(Long id, String color, int radius) {
		super( id, color );
		this.radius = radius;
	}
}
