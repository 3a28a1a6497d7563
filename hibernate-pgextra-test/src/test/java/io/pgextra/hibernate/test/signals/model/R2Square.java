package io.pgextra.hibernate.test.signals.model;

import jakarta.persistence.Entity;

@Entity
public class R2Square extends R2Shape {
	public int side;

	public R2Square() {
	}

	public R2Square(Long id, String color, int side) {
		super( id, color );
		this.side = side;
	}
}
