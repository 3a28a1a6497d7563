package io.pgextra.hibernate.test.signals.model;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

@Entity
@Table(name = "urgent_memo")
public class UrgentMemo extends Memo {
	public int priority;

	public UrgentMemo() {
	}

	public UrgentMemo(Long id, String title, String author, int priority) {
		super( id, title, author );
		this.priority = priority;
	}
}
